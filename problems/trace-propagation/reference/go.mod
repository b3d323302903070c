module tracing

go 1.25
