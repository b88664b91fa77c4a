// The ArchiverEngine module: orchestration of plan → fetch → store → commit → dispose (DESIGN.md §1).
