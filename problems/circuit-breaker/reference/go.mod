module breaker

go 1.25
