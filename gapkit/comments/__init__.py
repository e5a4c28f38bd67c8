"""The CEACR comment tracker: comments split into points and requests, linked to Convention articles,
national provisions and roadmap measures (see docs/workspace-format.md, "CEACR comments").

Its checks are in :mod:`~gapkit.comments.checks` and what it adds to the workspace graph in
:mod:`~gapkit.comments.edges`; :mod:`gapkit.registry` lists both.
"""

from gapkit.comments.edges import graph_edges, graph_nodes
from gapkit.comments.model import Comment, CommentId, Point, Request, Topic
from gapkit.comments.store import Comments, load_comments
from gapkit.comments.tracker import followup, list_comments

__all__ = [
    "Comment", "CommentId", "Comments", "Point", "Request", "Topic", "followup", "graph_edges", "graph_nodes",
    "list_comments", "load_comments",
]
