// Lint rules, including the import boundaries of DESIGN.md §3: components inside src-cluster talk
// only through the API client, the renderer never touches Node or cluster code, and src-shared imports
// nothing of ours.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';

const c = './src-cluster';
const components = ['scheduler', 'controllers', 'kubelet', 'proxy', 'dns', 'cloud'];

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', '**/*.vue', '.kubelab'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src-shared',
              from: ['./src-cluster', './src-main', './src-preload', './src-renderer'],
              message: 'src-shared imports nothing of ours',
            },
            {
              target: './src-renderer',
              from: ['./src-main', './src-cluster', './src-preload'],
              message: 'the renderer reaches the host only through window.api',
            },
            {
              target: './src-main',
              from: c,
              except: ['./client', './cmd'],
              message: 'src-main uses the cluster through client/ and the no-VM entry only',
            },
            {
              target: `${c}/client`,
              from: [`${c}/apiserver`, `${c}/store`],
              message: 'the client talks HTTP, never to the server internals',
            },
            ...components.map((comp) => ({
              target: `${c}/${comp}`,
              from: [
                `${c}/apiserver`,
                `${c}/store`,
                ...components.filter((o) => o !== comp).map((o) => `${c}/${o}`),
              ],
              message: 'components talk only through the API client',
            })),
          ],
        },
      ],
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['src-shared/**/*.ts', 'src-renderer/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'electron'], message: 'no Node or Electron here' }] },
      ],
    },
  },
);
