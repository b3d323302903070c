module report

go 1.25
