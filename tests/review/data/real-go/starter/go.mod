module workerpool

go 1.25
