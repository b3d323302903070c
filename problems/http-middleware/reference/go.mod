module middleware

go 1.25
