"""quiltmatch: the MentorQuilt matching engine (R19-R24, B2, B4).

A pure package (Python, numpy, scipy, OR-Tools; never Django): frozen dataclasses in and
out, integer codes and opaque ids only. See README.md in this folder.
"""

__version__ = "1.0.0"
