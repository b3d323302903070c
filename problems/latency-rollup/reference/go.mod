module rollup

go 1.25
