# Reviewing many submissions: batch grading, leaderboard, report.html,
# similarity, shard merge (included from runner/CMakeLists.txt).
set(_gnt_rv ${CMAKE_CURRENT_LIST_DIR}/..)
target_sources(gauntlet_cli PRIVATE
  ${_gnt_rv}/cmd_report.c
  ${_gnt_rv}/review/batch.c
  ${_gnt_rv}/review/board.c
  ${_gnt_rv}/review/build.c
  ${_gnt_rv}/review/html.c
  ${_gnt_rv}/review/job.c
  ${_gnt_rv}/review/model.c
  ${_gnt_rv}/review/plot.c
  ${_gnt_rv}/review/store.c
)
