;; The hot loop of the Internet checksum (RFC 1071) for tcp-header, in WebAssembly with 128-bit SIMD.
;;
;; Built into src/checksum-wasm.ts by `node scripts/build-checksum-wasm.mjs` (a small assembler for
;; the flat-instruction subset of the text format used here); test/checksum/sum.test.ts checks that the
;; committed bytes are what this file assembles to. src/checksum/sum.ts copies the bytes to sum into
;; `memory`, zero-padded to a multiple of 64, and calls `sum`; where WebAssembly or SIMD is missing
;; it sums in JavaScript instead.
;;
;; The words are read little-endian, as the hardware does: RFC 1071 §2 (B) shows the ones' complement
;; sum is independent of byte order, so the caller swaps the folded result once.
(module
  ;; One 64 KiB page: the caller feeds longer inputs through it in 64 KiB pieces.
  (memory (export "memory") 1)

  ;; Sums memory[0 .. length) as little-endian 16-bit words, without folding.
  ;; length: a multiple of 64, at most 65536. Each of the 8 lanes of two accumulators gets at most
  ;; 2048 additions of two words (< 2^17 each), and the total of 32768 words is below 2^31: nothing
  ;; overflows, so the result is the exact sum.
  (func (export "sum") (param $length i32) (result i32)
    (local $i i32) (local $a v128) (local $b v128)
    block $done
      loop $next
        local.get $i
        local.get $length
        i32.ge_u
        br_if $done
        ;; Four 16-byte loads per turn; each adds its 8 words pairwise into 4 lanes of 32 bits.
        local.get $a
        local.get $i
        v128.load offset=0
        i32x4.extadd_pairwise_i16x8_u
        i32x4.add
        local.set $a
        local.get $b
        local.get $i
        v128.load offset=16
        i32x4.extadd_pairwise_i16x8_u
        i32x4.add
        local.set $b
        local.get $a
        local.get $i
        v128.load offset=32
        i32x4.extadd_pairwise_i16x8_u
        i32x4.add
        local.set $a
        local.get $b
        local.get $i
        v128.load offset=48
        i32x4.extadd_pairwise_i16x8_u
        i32x4.add
        local.set $b
        local.get $i
        i32.const 64
        i32.add
        local.set $i
        br $next
      end
    end
    ;; Add the two accumulators, then the four lanes.
    local.get $a
    local.get $b
    i32x4.add
    local.set $a
    local.get $a
    i32x4.extract_lane 0
    local.get $a
    i32x4.extract_lane 1
    i32.add
    local.get $a
    i32x4.extract_lane 2
    i32.add
    local.get $a
    i32x4.extract_lane 3
    i32.add
  )
)
