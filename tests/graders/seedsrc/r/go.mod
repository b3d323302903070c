module r

go 1.25
