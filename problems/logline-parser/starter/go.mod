module logline

go 1.25
