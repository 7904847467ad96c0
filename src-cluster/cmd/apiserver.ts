/** `kubelab apiserver`: placeholder until the API server lands in this issue. */
export async function runApiserver(_args: string[]): Promise<number> {
  console.error('kubelab apiserver: not implemented yet');
  return 1;
}
