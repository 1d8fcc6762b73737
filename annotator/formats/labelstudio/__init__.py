"""Label Studio's task format, both directions, with no server in sight.

``config`` derives the labeling config from the record models; ``tasks`` turns a
record into a task with its prediction and a reviewed task back into a record;
``policy`` picks the annotation a task's record is built from. The export and
import commands use these on files; ``annotator.labelstudio`` uses them on the
tasks it sends to and fetches from a running server.
"""

# the key in a task file's data that keeps a record's own fields (versions, the full review)
# so that records -> task file -> records loses nothing
RECORD_KEY = "annotator_record"
