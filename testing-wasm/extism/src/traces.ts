// An Extism plugin (AssemblyScript PDK) built with --debug, which keeps the name section: its traps show the
// plugin's function names in the Java stack trace (GuestStackTraceTests). AssemblyScript emits no DWARF, so
// there are no source lines.
import { Host, Memory } from "@extism/as-pdk";
import { error_set } from "@extism/as-pdk/lib/env";

function myAbort(message: string | null, fileName: string | null, lineNumber: u32, columnNumber: u32): void {
  const text = "abort: " + (message == null ? "" : message) + " at " + (fileName == null ? "" : fileName)
    + ":" + lineNumber.toString() + ":" + columnNumber.toString();
  error_set(Memory.allocateString(text).offset);
  unreachable();
}

function divide(total: i32, parts: i32): i32 {
  return total / parts;
}

function share(total: i32, parts: i32): i32 {
  return divide(total, parts) + 1;
}

// 100 shared into the input's number of parts; traps (integer division by zero) for "0".
export function split(): i32 {
  const parts = <i32>parseInt(Host.inputString());
  Host.outputString(share(100, parts).toString());
  return 0;
}
