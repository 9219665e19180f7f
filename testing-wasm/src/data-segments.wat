;; data-segments.wasm - how data segments reach a new instance's memory.
;; Active segments: "aaaaaaaa" at 100, then "BBBB" at 104 (overwrites the second half: the later
;; segment wins), "cc" at 108 (adjacent) and "far" at 60000. Bytes 100..109 read "aaaaBBBBcc".
;; Segment 4 is passive ("passive!"): init_passive(dest) copies it to dest, drop_passive drops it,
;; after which init_passive traps.
(module
  (memory (export "memory") 1)
  (data (i32.const 100) "aaaaaaaa")
  (data (i32.const 104) "BBBB")
  (data (i32.const 108) "cc")
  (data (i32.const 60000) "far")
  (data $passive "passive!")
  (func (export "byte") (param $address i32) (result i32)
    (i32.load8_u (local.get $address)))
  (func (export "init_passive") (param $dest i32)
    (memory.init $passive (local.get $dest) (i32.const 0) (i32.const 8)))
  (func (export "drop_passive")
    (data.drop $passive)))
