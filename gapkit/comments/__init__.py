"""The CEACR comment tracker: comments split into points and requests, linked to Convention articles,
national provisions and roadmap measures (see docs/workspace-format.md, "CEACR comments").

Importing the package registers its checks with `gapkit check`; gapkit.graph takes its nodes and
edges from :func:`graph_nodes` and :func:`graph_edges`.
"""

from gapkit.comments import checks as _checks  # noqa: F401  (registers the checks)
from gapkit.comments.edges import graph_edges, graph_nodes
from gapkit.comments.model import Comment, CommentId, Point, Request, Topic
from gapkit.comments.store import Comments, load_comments
from gapkit.comments.tracker import followup, list_comments

__all__ = [
    "Comment", "CommentId", "Comments", "Point", "Request", "Topic", "followup", "graph_edges", "graph_nodes",
    "list_comments", "load_comments",
]
