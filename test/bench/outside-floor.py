#!/usr/bin/env python3
"""The outside reference for the decode floor: libjpeg-turbo's DCT-scaled greyscale decode, through python3-opencv
(cv2.imread with IMREAD_REDUCED_GRAYSCALE_{2,4,8}: the scale that still covers the largest view), one process per
core over the same files as `winnow run`. Usage: outside-floor.py SCALE FILE_LIST_JSON ; prints {frames, ms, cpuMs}."""
import json, sys, time
import cv2

FLAGS = {1: cv2.IMREAD_GRAYSCALE, 2: cv2.IMREAD_REDUCED_GRAYSCALE_2, 4: cv2.IMREAD_REDUCED_GRAYSCALE_4, 8: cv2.IMREAD_REDUCED_GRAYSCALE_8}
cv2.setNumThreads(1)
scale = int(sys.argv[1])
files = json.load(open(sys.argv[2]))
t0, c0 = time.perf_counter(), time.process_time()
ok = sum(1 for f in files if cv2.imread(f['file'], FLAGS[scale]) is not None)
print(json.dumps({'frames': ok, 'ms': (time.perf_counter() - t0) * 1000, 'cpuMs': (time.process_time() - c0) * 1000}))
