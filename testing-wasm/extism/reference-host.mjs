// Runs Extism plugins through Extism's own JavaScript host (@extism/extism), the reference our runtime is
// compared against. Reads a JSON description of scenarios on stdin and prints what each call produced as
// JSON on stdout:
//
//   in:  {"scenarios": [{"name", "wasm": "/path/plugin.wasm" | "manifest": {Extism manifest}, "config": {k: v},
//                        "wasi": true | false, "calls": [{"function", "input": "<base64>"}]}]}
//   out: {"scenarios": [{"name", "results": [{"output": "<base64>"} | {"error": "plugin", "message"} |
//                                             {"error": "host", "message"} | {"error": "trap"} |
//                                             {"output": null}],
//                        "logs": [["level", "text", callIndex]]}]}
//
// Every scenario runs its calls in order on one plugin instance, so vars carry from call to call. A scenario
// with a manifest (modules by absolute path, memory, config) creates the plugin from it. The host function
// "extism:host/user" "decorate" answers its text argument between stars, as the Java tests' does, and fails
// the call (an "error": "host" result) when the text starts with "refuse ".
import createPlugin from '@extism/extism';
import { readFileSync } from 'node:fs';

const PLUGIN_ERROR = 'Plugin-originated error: ';

class HostRefusal extends Error {}

async function runScenario(scenario) {
  const logs = [];
  let callIndex = 0;
  const record = (level) => (text) => logs.push([level, String(text), callIndex]);
  const logger = {
    trace: record('trace'), debug: record('debug'), info: record('info'), warn: record('warn'),
    error: record('error'), log: record('info'),
  };
  const manifest = scenario.manifest
    ? { ...scenario.manifest, config: { ...(scenario.manifest.config ?? {}), ...(scenario.config ?? {}) } }
    : { wasm: [{ data: readFileSync(scenario.wasm) }], config: scenario.config ?? {} };
  const plugin = await createPlugin(
    manifest,
    {
      useWasi: scenario.wasi === true,
      runInWorker: false,
      logger,
      logLevel: 'trace',
      functions: {
        'extism:host/user': {
          decorate: (context, handle) => {
            const text = context.read(handle).text();
            if (text.startsWith('refuse ')) {
              throw new HostRefusal("the host refused '" + text.substring(7) + "'");
            }
            return context.store('*' + text + '*');
          },
        },
      },
    },
  );
  const results = [];
  try {
    for (const call of scenario.calls) {
      try {
        const output = await plugin.call(call.function, Buffer.from(call.input ?? '', 'base64'));
        results.push({ output: output === null ? null : Buffer.from(output.bytes()).toString('base64') });
      } catch (err) {
        const message = String(err?.message ?? err);
        results.push(err instanceof HostRefusal ? { error: 'host', message } : message.startsWith(PLUGIN_ERROR)
          ? { error: 'plugin', message: message.substring(PLUGIN_ERROR.length) }
          : { error: 'trap', message });
      }
      callIndex++;
    }
  } finally {
    await plugin.close();
  }
  return { name: scenario.name, results, logs };
}

const request = JSON.parse(readFileSync(0, 'utf8'));
const scenarios = [];
for (const scenario of request.scenarios) {
  scenarios.push(await runScenario(scenario));
}
process.stdout.write(JSON.stringify({ scenarios }));
