# Reviewing many submissions: batch grading, leaderboard, report.html,
# similarity, shard merge (included from runner/CMakeLists.txt).
set(_gnt_rv ${CMAKE_CURRENT_LIST_DIR}/..)
target_sources(gauntlet_cli PRIVATE
  ${_gnt_rv}/cmd_report.c
  ${_gnt_rv}/cmd_review.c
  ${_gnt_rv}/review/batch.c
  ${_gnt_rv}/review/board.c
  ${_gnt_rv}/review/build.c
  ${_gnt_rv}/review/code.c
  ${_gnt_rv}/review/diff.c
  ${_gnt_rv}/review/highlight.c
  ${_gnt_rv}/review/html.c
  ${_gnt_rv}/review/html_integrity.c
  ${_gnt_rv}/review/integrity.c
  ${_gnt_rv}/review/job.c
  ${_gnt_rv}/review/junit.c
  ${_gnt_rv}/review/model.c
  ${_gnt_rv}/review/plot.c
  ${_gnt_rv}/review/refs.c
  ${_gnt_rv}/review/rubric.c
  ${_gnt_rv}/review/rubric_input.c
  ${_gnt_rv}/review/rubric_view.c
  ${_gnt_rv}/review/store.c
)
