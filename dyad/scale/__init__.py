"""Batch analysis at scale: many articles in, Parquet tables out, on Ray or a local process pool.

The flow is the same for both engines (`dyad.scale.batch.run_batch`):

1. input files (JSONL, Parquet, WARC) are cut into *chunks* of articles as they are read
   (`dyad.scale.inputs`), so memory stays bounded whatever the input size;
2. a stateful worker that loaded the spaCy pipeline once analyses a whole chunk and writes
   one Parquet part per table for it (`dyad.scale.worker`, `dyad.scale.tables`);
3. the driver counts finished chunks and, once every chunk of an input file is written,
   records the file in the output's manifest (`dyad.scale.manifest`), so a rerun skips it.

`dyad load` (`dyad.scale.load`) puts the output into a store; any Parquet reader
(DuckDB, pandas, pyarrow) can query it directly. See docs/scaling.md.
"""
