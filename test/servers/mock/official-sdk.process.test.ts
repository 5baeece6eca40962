// The official Huawei ECS SDK pointed at the mock: the documents must accept what the real SDK sends (its AK/SK
// signature headers, its content type, every field of its models), and the SDK must read our answers.

import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import {
  ChangeServerOsWithoutCloudInitOption,
  ChangeServerOsWithoutCloudInitRequest,
  ChangeServerOsWithoutCloudInitRequestBody,
  ChangeSeversOsMetadataWithoutCloudInitOption,
  DeleteServerMetadataRequest,
  EcsClient,
  ShowJobRequest,
  ShowServerRequest,
  UpdateServerMetadataRequest,
  UpdateServerMetadataRequestBody,
} from '@huaweicloud/huaweicloud-sdk-ecs';
import { describe, expect, inject, it, vi } from 'vitest';
import { imageId, projectId, serverId } from '../../support/fidelity-cases.ts';
import { validatorAt } from '../../support/openapi.ts';

const client = EcsClient.newBuilder()
  .withCredential(new BasicCredentials().withAk('MOCKACCESSKEY').withSk('mock-secret-key').withProjectId(projectId))
  .withEndpoint(inject('mockUrl'))
  .build();

/** The SDK adds `httpStatusCode` to the parsed body; the rest is the body as received. */
function body(response: object): unknown {
  const { httpStatusCode: _, ...rest } = response as Record<string, unknown>;
  return rest;
}

function expectValid(pointer: string, value: unknown) {
  expect(validatorAt('ecs', pointer)(value)).toEqual([]);
}

describe('official ECS SDK against the mock', () => {
  it('UpdateServerMetadata', async () => {
    const response = await client.updateServerMetadata(
      new UpdateServerMetadataRequest()
        .withServerId(serverId)
        .withBody(new UpdateServerMetadataRequestBody().withMetadata({ key: 'value', 'backup:policy': 'daily' })),
    );
    expect(response.httpStatusCode).toBe(200);
    expectValid('/components/schemas/UpdateServerMetadataResponse', body(response));
  });

  it('ChangeServerOsWithoutCloudInit with a key pair and every optional field the SDK models', async () => {
    const option = new ChangeServerOsWithoutCloudInitOption()
      .withImageid(imageId)
      .withKeyname('KeyPair-350b')
      .withUserid('7e25b1da389f4697a79df3a0e5bd494e')
      .withMode('withStopServer')
      .withIsAutoPay('true')
      .withMetadata(
        new ChangeSeversOsMetadataWithoutCloudInitOption().withSystemEncrypted('1').withSystemCmkid('83cdb52d-9ebf-4469-9cfa-e7b5b80da846').withByol('true'),
      );
    const response = await client.changeServerOsWithoutCloudInit(
      new ChangeServerOsWithoutCloudInitRequest().withServerId(serverId).withBody(new ChangeServerOsWithoutCloudInitRequestBody().withOsChange(option)),
    );
    expect(response.httpStatusCode).toBe(200);
    expectValid('/components/schemas/JobIdResponse', body(response));
  });

  it('ChangeServerOsWithoutCloudInit with a password', async () => {
    const response = await client.changeServerOsWithoutCloudInit(
      new ChangeServerOsWithoutCloudInitRequest()
        .withServerId(serverId)
        .withBody(
          new ChangeServerOsWithoutCloudInitRequestBody().withOsChange(
            new ChangeServerOsWithoutCloudInitOption().withImageid(imageId).withAdminpass('Example-Passw0rd'),
          ),
        ),
    );
    expect(response.httpStatusCode).toBe(200);
    expectValid('/components/schemas/JobIdResponse', body(response));
  });

  it('ShowJob', async () => {
    const response = await client.showJob(new ShowJobRequest().withJobId('ff80808288d41e1b018990260955686a'));
    expect(response.httpStatusCode).toBe(200);
    expect(response.status).toBe('SUCCESS');
    expectValid('/components/schemas/Job', body(response));
  });

  it('ShowServer', async () => {
    const response = await client.showServer(new ShowServerRequest().withServerId(serverId));
    expect(response.httpStatusCode).toBe(200);
    expect(response.server).toMatchObject({ id: serverId, 'OS-EXT-STS:vm_state': 'active', metadata: { key: 'value' } });
    expectValid('/components/schemas/ShowServerResponse', body(response));
  });

  it('DeleteServerMetadata', async () => {
    const response = await client.deleteServerMetadata(new DeleteServerMetadataRequest().withServerId(serverId).withKey('backup:policy'));
    expect(response.httpStatusCode).toBe(204);
  });

  it("reads the mock's 400 as a ClientRequestException with the ECS code and the field", async () => {
    const request = new UpdateServerMetadataRequest().withServerId(serverId).withBody(new UpdateServerMetadataRequestBody().withMetadata({ 'a b': 'v' }));
    // On a non-2xx the SDK dumps the request, credentials included, to stdout (log4js); keep it out of the test log.
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await expect(client.updateServerMetadata(request)).rejects.toMatchObject({
        httpStatusCode: 400,
        errorCode: 'Ecs.0005',
        errorMsg: expect.stringContaining('metadata'),
      });
    } finally {
      quiet.mockRestore();
    }
  });
});
