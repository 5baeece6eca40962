// Placeholder: replaced by the suite that owns this folder.
export default function setup(): void {}
