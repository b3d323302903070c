module pipeline

go 1.25
