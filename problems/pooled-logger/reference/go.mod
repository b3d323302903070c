module accesslog

go 1.25
