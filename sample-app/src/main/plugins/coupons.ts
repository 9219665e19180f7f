// The coupon rules of the pricing service, an Extism plugin written with Extism's AssemblyScript PDK.
// check_coupon: input a coupon code; output {"code":"...","percent":N,"campaign":"..."} when the code is one
// of the config key "coupons" ("CODE=percent,CODE=percent"); a plugin error naming the code otherwise.
// The campaign name comes from the host function "campaign", which the application provides.
import { Config, Host, LogLevel, Memory } from "@extism/as-pdk";
import { error_set, length } from "@extism/as-pdk/lib/env";

@external("extism:host/user", "campaign")
declare function campaign(code: u64): u64;

function myAbort(message: string | null, fileName: string | null, lineNumber: u32, columnNumber: u32): void {
  error_set(Memory.allocateString("abort: " + (message == null ? "" : message)).offset);
  unreachable();
}

export function check_coupon(): i32 {
  const code = Host.inputString().trim().toUpperCase();
  const coupons = Config.get("coupons");
  const rules = coupons == null ? new Array<string>(0) : coupons.split(",");
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i].trim();
    const equals = rule.indexOf("=");
    if (equals > 0 && rule.substring(0, equals).trim() == code) {
      const percent = I32.parseInt(rule.substring(equals + 1).trim());
      const handle = campaign(Memory.allocateString(code).offset);
      const name = handle == 0 ? "" : new Memory(handle, length(handle)).toString();
      Host.log(LogLevel.Info, "coupon " + code + " accepted");
      Host.outputString('{"code":"' + code + '","percent":' + percent.toString() + ',"campaign":"' + name + '"}');
      return 0;
    }
  }
  error_set(Memory.allocateString("unknown coupon '" + code + "'").offset);
  return 1;
}
