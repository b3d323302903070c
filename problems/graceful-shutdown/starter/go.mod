module graceful

go 1.25
