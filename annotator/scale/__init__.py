"""Annotate a corpus too big for one machine's afternoon, partitioned over a Dask cluster.

Data flows one way: :mod:`.partition` cuts the input into partitions and reads each one on
the client (so workers need no shared filesystem, and a bad input line is the usual one-line
error naming file and line); :mod:`.worker` annotates a partition with a pipeline each worker
loads once; :mod:`.run` keeps a bounded number of partitions in flight and writes each
finished one as a part file, recorded in the manifest of :mod:`.manifest`, which is what makes
a run resumable and what every command that reads records reads a parts folder by.

Only :mod:`.run` and :mod:`.worker` import Dask; :mod:`.manifest` and :mod:`.partition` do
not, so reading a parts folder never needs it.
"""
