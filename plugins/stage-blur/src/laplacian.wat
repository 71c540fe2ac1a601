;; Blur kernels in WebAssembly SIMD: the 4-neighbour Laplacian [0 1 0; 1 -4 1; 0 1 0] with a reflect-101 border
;; over 8-bit samples and over its own int32 output, and the 8x8 tile sums of a response. Exact integer
;; arithmetic: the results are those of laplacian.ts and block-floor.ts (the tests compare them), only faster.
;; Images are row-major in this module's memory, at byte offsets the caller gives; width and height >= 3.
;; Sums are returned through globals as i64 (exact; the caller reads them as BigInt).
(module
  (memory (export "memory") 1)
  (global $in_sum (mut i64) (i64.const 0))
  (global $sum (mut i64) (i64.const 0))
  (global $squares (mut i64) (i64.const 0))
  (func (export "inputSum") (result i64) (global.get $in_sum))
  (func (export "sum") (result i64) (global.get $sum))
  (func (export "squares") (result i64) (global.get $squares))

  ;; One output sample of the 8-bit pass from its centre p and neighbours u, d, l, r (sample indices).
  (func $px_u8 (param $src i32) (param $out i32) (param $p i32) (param $u i32) (param $d i32) (param $l i32) (param $r i32)
    (local $c i32) (local $v i32)
    (local.set $c (i32.load8_u (i32.add (local.get $src) (local.get $p))))
    (local.set $v
      (i32.sub
        (i32.add
          (i32.add (i32.load8_u (i32.add (local.get $src) (local.get $u))) (i32.load8_u (i32.add (local.get $src) (local.get $d))))
          (i32.add (i32.load8_u (i32.add (local.get $src) (local.get $l))) (i32.load8_u (i32.add (local.get $src) (local.get $r)))))
        (i32.shl (local.get $c) (i32.const 2))))
    (i32.store (i32.add (local.get $out) (i32.shl (local.get $p) (i32.const 2))) (local.get $v))
    (global.set $in_sum (i64.add (global.get $in_sum) (i64.extend_i32_u (local.get $c))))
    (global.set $sum (i64.add (global.get $sum) (i64.extend_i32_s (local.get $v))))
    (global.set $squares (i64.add (global.get $squares) (i64.extend_i32_s (i32.mul (local.get $v) (local.get $v))))))

  ;; One output sample of the int32 pass (inputs up to +-1020, so v^2 fits in i32 only as i64).
  (func $px_i32 (param $src i32) (param $out i32) (param $p i32) (param $u i32) (param $d i32) (param $l i32) (param $r i32)
    (local $c i32) (local $v i32)
    (local.set $c (i32.load (i32.add (local.get $src) (i32.shl (local.get $p) (i32.const 2)))))
    (local.set $v
      (i32.sub
        (i32.add
          (i32.add (i32.load (i32.add (local.get $src) (i32.shl (local.get $u) (i32.const 2)))) (i32.load (i32.add (local.get $src) (i32.shl (local.get $d) (i32.const 2)))))
          (i32.add (i32.load (i32.add (local.get $src) (i32.shl (local.get $l) (i32.const 2)))) (i32.load (i32.add (local.get $src) (i32.shl (local.get $r) (i32.const 2))))))
        (i32.shl (local.get $c) (i32.const 2))))
    (i32.store (i32.add (local.get $out) (i32.shl (local.get $p) (i32.const 2))) (local.get $v))
    (global.set $in_sum (i64.add (global.get $in_sum) (i64.extend_i32_s (local.get $c))))
    (global.set $sum (i64.add (global.get $sum) (i64.extend_i32_s (local.get $v))))
    (global.set $squares (i64.add (global.get $squares) (i64.mul (i64.extend_i32_s (local.get $v)) (i64.extend_i32_s (local.get $v))))))

  ;; Laplacian of w x h bytes at $src into w x h int32 at $out. Width at most 4096 (int32 lane sums per row).
  (func (export "lapU8") (param $src i32) (param $out i32) (param $w i32) (param $h i32)
    (local $y i32) (local $x i32) (local $row i32) (local $up i32) (local $down i32) (local $p i32) (local $a i32)
    (local $c v128) (local $v v128) (local $acc_c v128) (local $acc_v v128) (local $acc_q v128)
    (global.set $in_sum (i64.const 0))
    (global.set $sum (i64.const 0))
    (global.set $squares (i64.const 0))
    (local.set $y (i32.const 0))
    (loop $rows
      (local.set $row (i32.mul (local.get $y) (local.get $w)))
      (local.set $up (i32.mul (select (i32.const 1) (i32.sub (local.get $y) (i32.const 1)) (i32.eqz (local.get $y))) (local.get $w)))
      (local.set $down (i32.mul (select (i32.sub (local.get $h) (i32.const 2)) (i32.add (local.get $y) (i32.const 1)) (i32.eq (local.get $y) (i32.sub (local.get $h) (i32.const 1)))) (local.get $w)))
      ;; left border column: both horizontal neighbours are x = 1
      (call $px_u8 (local.get $src) (local.get $out) (local.get $row) (local.get $up) (local.get $down) (i32.add (local.get $row) (i32.const 1)) (i32.add (local.get $row) (i32.const 1)))
      ;; interior, 8 samples at a time
      (local.set $acc_c (v128.const i32x4 0 0 0 0))
      (local.set $acc_v (v128.const i32x4 0 0 0 0))
      (local.set $acc_q (v128.const i32x4 0 0 0 0))
      (local.set $x (i32.const 1))
      (block $done
        (loop $vec
          (br_if $done (i32.gt_s (i32.add (local.get $x) (i32.const 8)) (i32.sub (local.get $w) (i32.const 1))))
          (local.set $p (i32.add (local.get $row) (local.get $x)))
          (local.set $a (i32.add (local.get $src) (local.get $p)))
          (local.set $c (v128.load8x8_u (local.get $a)))
          (local.set $v
            (i16x8.sub
              (i16x8.add
                (i16x8.add
                  (v128.load8x8_u (i32.add (local.get $src) (i32.add (local.get $up) (local.get $x))))
                  (v128.load8x8_u (i32.add (local.get $src) (i32.add (local.get $down) (local.get $x)))))
                (i16x8.add
                  (v128.load8x8_u (i32.sub (local.get $a) (i32.const 1)))
                  (v128.load8x8_u (i32.add (local.get $a) (i32.const 1)))))
              (i16x8.shl (local.get $c) (i32.const 2))))
          (v128.store (i32.add (local.get $out) (i32.shl (local.get $p) (i32.const 2))) (i32x4.extend_low_i16x8_s (local.get $v)))
          (v128.store offset=16 (i32.add (local.get $out) (i32.shl (local.get $p) (i32.const 2))) (i32x4.extend_high_i16x8_s (local.get $v)))
          (local.set $acc_c (i32x4.add (local.get $acc_c) (i32x4.extadd_pairwise_i16x8_s (local.get $c))))
          (local.set $acc_v (i32x4.add (local.get $acc_v) (i32x4.extadd_pairwise_i16x8_s (local.get $v))))
          (local.set $acc_q (i32x4.add (local.get $acc_q) (i32x4.dot_i16x8_s (local.get $v) (local.get $v))))
          (local.set $x (i32.add (local.get $x) (i32.const 8)))
          (br $vec)))
      (global.set $in_sum (i64.add (global.get $in_sum) (call $lanes (local.get $acc_c))))
      (global.set $sum (i64.add (global.get $sum) (call $lanes (local.get $acc_v))))
      (global.set $squares (i64.add (global.get $squares) (call $lanes (local.get $acc_q))))
      ;; interior tail, one at a time
      (block $tail_done
        (loop $tail
          (br_if $tail_done (i32.ge_s (local.get $x) (i32.sub (local.get $w) (i32.const 1))))
          (local.set $p (i32.add (local.get $row) (local.get $x)))
          (call $px_u8 (local.get $src) (local.get $out) (local.get $p) (i32.add (local.get $up) (local.get $x)) (i32.add (local.get $down) (local.get $x)) (i32.sub (local.get $p) (i32.const 1)) (i32.add (local.get $p) (i32.const 1)))
          (local.set $x (i32.add (local.get $x) (i32.const 1)))
          (br $tail)))
      ;; right border column: both horizontal neighbours are x = w - 2
      (local.set $p (i32.add (local.get $row) (i32.sub (local.get $w) (i32.const 1))))
      (call $px_u8 (local.get $src) (local.get $out) (local.get $p) (i32.add (local.get $up) (i32.sub (local.get $w) (i32.const 1))) (i32.add (local.get $down) (i32.sub (local.get $w) (i32.const 1))) (i32.sub (local.get $p) (i32.const 1)) (i32.sub (local.get $p) (i32.const 1)))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br_if $rows (i32.lt_s (local.get $y) (local.get $h)))))

  ;; Laplacian of w x h int32 at $src (|values| <= 1020, the 8-bit pass's output) into w x h int32 at $out.
  (func (export "lapI32") (param $src i32) (param $out i32) (param $w i32) (param $h i32)
    (local $y i32) (local $x i32) (local $row i32) (local $up i32) (local $down i32) (local $p i32) (local $a i32)
    (local $c v128) (local $v v128) (local $acc_c v128) (local $acc_v v128) (local $acc_q v128)
    (global.set $in_sum (i64.const 0))
    (global.set $sum (i64.const 0))
    (global.set $squares (i64.const 0))
    (local.set $y (i32.const 0))
    (loop $rows
      (local.set $row (i32.mul (local.get $y) (local.get $w)))
      (local.set $up (i32.mul (select (i32.const 1) (i32.sub (local.get $y) (i32.const 1)) (i32.eqz (local.get $y))) (local.get $w)))
      (local.set $down (i32.mul (select (i32.sub (local.get $h) (i32.const 2)) (i32.add (local.get $y) (i32.const 1)) (i32.eq (local.get $y) (i32.sub (local.get $h) (i32.const 1)))) (local.get $w)))
      (call $px_i32 (local.get $src) (local.get $out) (local.get $row) (local.get $up) (local.get $down) (i32.add (local.get $row) (i32.const 1)) (i32.add (local.get $row) (i32.const 1)))
      (local.set $acc_c (v128.const i32x4 0 0 0 0))
      (local.set $acc_v (v128.const i32x4 0 0 0 0))
      (local.set $acc_q (v128.const i64x2 0 0))
      (local.set $x (i32.const 1))
      (block $done
        (loop $vec
          (br_if $done (i32.gt_s (i32.add (local.get $x) (i32.const 4)) (i32.sub (local.get $w) (i32.const 1))))
          (local.set $p (i32.add (local.get $row) (local.get $x)))
          (local.set $a (i32.add (local.get $src) (i32.shl (local.get $p) (i32.const 2))))
          (local.set $c (v128.load (local.get $a)))
          (local.set $v
            (i32x4.sub
              (i32x4.add
                (i32x4.add
                  (v128.load (i32.add (local.get $src) (i32.shl (i32.add (local.get $up) (local.get $x)) (i32.const 2))))
                  (v128.load (i32.add (local.get $src) (i32.shl (i32.add (local.get $down) (local.get $x)) (i32.const 2)))))
                (i32x4.add
                  (v128.load (i32.sub (local.get $a) (i32.const 4)))
                  (v128.load (i32.add (local.get $a) (i32.const 4)))))
              (i32x4.shl (local.get $c) (i32.const 2))))
          (v128.store (i32.add (local.get $out) (i32.shl (local.get $p) (i32.const 2))) (local.get $v))
          (local.set $acc_c (i32x4.add (local.get $acc_c) (local.get $c)))
          (local.set $acc_v (i32x4.add (local.get $acc_v) (local.get $v)))
          (local.set $acc_q (i64x2.add (local.get $acc_q) (i64x2.add (i64x2.extmul_low_i32x4_s (local.get $v) (local.get $v)) (i64x2.extmul_high_i32x4_s (local.get $v) (local.get $v)))))
          (local.set $x (i32.add (local.get $x) (i32.const 4)))
          (br $vec)))
      (global.set $in_sum (i64.add (global.get $in_sum) (call $lanes (local.get $acc_c))))
      (global.set $sum (i64.add (global.get $sum) (call $lanes (local.get $acc_v))))
      (global.set $squares (i64.add (global.get $squares) (i64.add (i64x2.extract_lane 0 (local.get $acc_q)) (i64x2.extract_lane 1 (local.get $acc_q)))))
      (block $tail_done
        (loop $tail
          (br_if $tail_done (i32.ge_s (local.get $x) (i32.sub (local.get $w) (i32.const 1))))
          (local.set $p (i32.add (local.get $row) (local.get $x)))
          (call $px_i32 (local.get $src) (local.get $out) (local.get $p) (i32.add (local.get $up) (local.get $x)) (i32.add (local.get $down) (local.get $x)) (i32.sub (local.get $p) (i32.const 1)) (i32.add (local.get $p) (i32.const 1)))
          (local.set $x (i32.add (local.get $x) (i32.const 1)))
          (br $tail)))
      (local.set $p (i32.add (local.get $row) (i32.sub (local.get $w) (i32.const 1))))
      (call $px_i32 (local.get $src) (local.get $out) (local.get $p) (i32.add (local.get $up) (i32.sub (local.get $w) (i32.const 1))) (i32.add (local.get $down) (i32.sub (local.get $w) (i32.const 1))) (i32.sub (local.get $p) (i32.const 1)) (i32.sub (local.get $p) (i32.const 1)))
      (local.set $y (i32.add (local.get $y) (i32.const 1)))
      (br_if $rows (i32.lt_s (local.get $y) (local.get $h)))))

  ;; The four int32 lanes of a vector, added as i64.
  (func $lanes (param $v v128) (result i64)
    (i64.add
      (i64.add (i64.extend_i32_s (i32x4.extract_lane 0 (local.get $v))) (i64.extend_i32_s (i32x4.extract_lane 1 (local.get $v))))
      (i64.add (i64.extend_i32_s (i32x4.extract_lane 2 (local.get $v))) (i64.extend_i32_s (i32x4.extract_lane 3 (local.get $v))))))

  ;; Sum and sum of squares of every full 8x8 tile of the w x h int32 response at $src (|values| <= 8160),
  ;; row-major, floor(w / 8) per tile row, as f64 pairs (sum, squares) at $dst. Exact: far below 2^53.
  (func (export "tiles8") (param $src i32) (param $w i32) (param $h i32) (param $dst i32)
    (local $bw i32) (local $bh i32) (local $bx i32) (local $by i32) (local $k i32) (local $a i32)
    (local $s v128) (local $q v128) (local $lo v128) (local $hi v128)
    (local.set $bw (i32.shr_u (local.get $w) (i32.const 3)))
    (local.set $bh (i32.shr_u (local.get $h) (i32.const 3)))
    (local.set $by (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $by) (local.get $bh)))
        (local.set $bx (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $bx) (local.get $bw)))
            (local.set $s (v128.const i32x4 0 0 0 0))
            (local.set $q (v128.const i64x2 0 0))
            (local.set $k (i32.const 0))
            (loop $lines
              ;; sample (8 bx, 8 by + k): byte offset 4 ((8 by + k) w + 8 bx)
              (local.set $a (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (i32.add (i32.shl (local.get $by) (i32.const 3)) (local.get $k)) (local.get $w)) (i32.shl (local.get $bx) (i32.const 3))) (i32.const 2))))
              (local.set $lo (v128.load (local.get $a)))
              (local.set $hi (v128.load offset=16 (local.get $a)))
              (local.set $s (i32x4.add (local.get $s) (i32x4.add (local.get $lo) (local.get $hi))))
              (local.set $q
                (i64x2.add (local.get $q)
                  (i64x2.add
                    (i64x2.add (i64x2.extmul_low_i32x4_s (local.get $lo) (local.get $lo)) (i64x2.extmul_high_i32x4_s (local.get $lo) (local.get $lo)))
                    (i64x2.add (i64x2.extmul_low_i32x4_s (local.get $hi) (local.get $hi)) (i64x2.extmul_high_i32x4_s (local.get $hi) (local.get $hi))))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br_if $lines (i32.lt_u (local.get $k) (i32.const 8))))
            (local.set $a (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $by) (local.get $bw)) (local.get $bx)) (i32.const 4))))
            (f64.store (local.get $a) (f64.convert_i64_s (call $lanes (local.get $s))))
            (f64.store offset=8 (local.get $a) (f64.convert_i64_s (i64.add (i64x2.extract_lane 0 (local.get $q)) (i64x2.extract_lane 1 (local.get $q)))))
            (local.set $bx (i32.add (local.get $bx) (i32.const 1)))
            (br $cols)))
        (local.set $by (i32.add (local.get $by) (i32.const 1)))
        (br $rows)))))
