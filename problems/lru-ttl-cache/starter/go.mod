module lrucache

go 1.25
