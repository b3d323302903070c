module retry

go 1.25
