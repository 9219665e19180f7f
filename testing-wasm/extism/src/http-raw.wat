;; An Extism plugin that sends its input, unchanged, as the JSON description of an HTTP request
;; ({"url", "method", "headers"}) and answers the response body: lets tests send any method, header or URL.
(module
  (import "extism:host/env" "input_offset" (func $input_offset (result i64)))
  (import "extism:host/env" "http_request" (func $http_request (param i64 i64) (result i64)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory (export "memory") 1)
  (func (export "request") (result i32)
    (local $response i64)
    (local.set $response (call $http_request (call $input_offset) (i64.const 0)))
    (if (i64.ne (local.get $response) (i64.const 0))
      (then (call $output_set (local.get $response) (call $length (local.get $response)))))
    (i32.const 0)))
