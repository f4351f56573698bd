import type { Command } from 'commander';
import { clusterJsonSchema } from '@strata/cluster-config';
import type { CommandContext } from '../cli/context';

export function registerSchema(program: Command, ctx: CommandContext): void {
  program
    .command('schema')
    .description('print the JSON Schema of the Cluster document (for editors)')
    .action(async () =>
      ctx.run(async () => {
        process.stdout.write(`${JSON.stringify(clusterJsonSchema(), null, 2)}\n`);
        return 0;
      }),
    );
}
