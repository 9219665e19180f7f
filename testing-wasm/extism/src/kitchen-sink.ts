// An Extism plugin written with Extism's AssemblyScript PDK, exercising every part of the kernel ABI that a
// plugin reaches through the PDK: input, output, config, vars, logging, errors and a host function.
import { Config, Host, LogLevel, Memory, Var } from "@extism/as-pdk";
import { error_set, http_request, length } from "@extism/as-pdk/lib/env";

// A host function the application provides, called with Extism's memory-handle convention.
@external("extism:host/user", "decorate")
declare function decorate(text: u64): u64;

function myAbort(message: string | null, fileName: string | null, lineNumber: u32, columnNumber: u32): void {
  const text = "abort: " + (message == null ? "" : message) + " at " + (fileName == null ? "" : fileName)
    + ":" + lineNumber.toString() + ":" + columnNumber.toString();
  error_set(Memory.allocateString(text).offset);
  unreachable();
}

function fail(message: string): i32 {
  error_set(Memory.allocateString(message).offset);
  return 1;
}

// "Hello, <input>" with the greeting taken from the config key "greeting" when present.
export function greet(): i32 {
  const name = Host.inputString();
  const greeting = Config.get("greeting");
  Host.outputString((greeting == null ? "Hello" : greeting) + ", " + name + "!");
  return 0;
}

// Counts calls in the var "count" (a decimal string), adding the input's number when it is one.
export function count(): i32 {
  const previous = Var.getString("count");
  const input = Host.inputString();
  let step: i32 = 1;
  if (input.length > 0) {
    step = I32.parseInt(input);
  }
  const next = (previous == null ? 0 : I32.parseInt(previous)) + step;
  Var.set("count", Uint8Array.wrap(String.UTF8.encode(next.toString())));
  Host.outputString(next.toString());
  return 0;
}

// Removes the var "count".
export function reset(): i32 {
  Var.remove("count");
  Host.outputString("reset");
  return 0;
}

// Appends the input to the var "log" and returns the whole log.
export function remember(): i32 {
  const previous = Var.get("log");
  const input = Host.input();
  const before = previous == null ? new Uint8Array(0) : previous;
  const both = new Uint8Array(before.length + input.length);
  both.set(before, 0);
  both.set(input, before.length);
  Var.set("log", both);
  Host.output(both);
  return 0;
}

// Returns the input's bytes in reverse order: binary in, binary out.
export function reverse(): i32 {
  const input = Host.input();
  const out = new Uint8Array(input.length);
  for (let i = 0; i < input.length; i++) {
    out[i] = input[input.length - 1 - i];
  }
  Host.output(out);
  return 0;
}

// Fails with the plugin's own message when the input is "fail", else echoes the input.
export function validate(): i32 {
  const input = Host.inputString();
  if (input == "fail") {
    return fail("input rejected: " + input);
  }
  Host.outputString("valid: " + input);
  return 0;
}

// Logs the input at every level Extism has, then answers "logged".
export function shout_logs(): i32 {
  const input = Host.inputString();
  Host.log(LogLevel.Debug, "debug " + input);
  Host.log(LogLevel.Info, "info " + input);
  Host.log(LogLevel.Warn, "warn " + input);
  Host.log(LogLevel.Error, "error " + input);
  Host.outputString("logged");
  return 0;
}

// Passes the input through the host function "decorate" and returns what it answered.
export function decorated(): i32 {
  const input = Memory.allocateString(Host.inputString());
  const answer = decorate(input.offset);
  if (answer == 0) {
    return fail("decorate answered nothing");
  }
  Host.outputString("[" + new Memory(answer, length(answer)).toString() + "]");
  return 0;
}

// Traps (an AssemblyScript assertion through abort) when the input is empty.
export function strict(): i32 {
  const input = Host.inputString();
  assert(input.length > 0, "input must not be empty");
  Host.outputString(input.toUpperCase());
  return 0;
}

@external("extism:host/env", "http_status_code")
declare function http_status_code(): i32;

// Sends a GET request to the URL given as input; answers "<status> <body>".
export function fetch(): i32 {
  const url = Host.inputString();
  const request = Memory.allocateString('{"url":"' + url + '","method":"GET","headers":{"X-Plugin":"kitchen-sink"}}');
  const response = http_request(request.offset, 0);
  const status = http_status_code();
  const body = response == 0 ? "" : new Memory(response, length(response)).toString();
  Host.outputString(status.toString() + " " + body);
  return 0;
}

@external("extism:host/env", "http_headers")
declare function http_headers(): u64;

// Sends a GET request to the URL given as input; answers the response's headers as Extism's http_headers gives
// them (a JSON object), or "{}" when the host gives none (handle 0), as Extism's PDKs read it.
export function fetch_headers(): i32 {
  const url = Host.inputString();
  const request = Memory.allocateString('{"url":"' + url + '","method":"GET"}');
  http_request(request.offset, 0);
  const headers = http_headers();
  Host.outputString(headers == 0 ? "{}" : new Memory(headers, length(headers)).toString());
  return 0;
}
