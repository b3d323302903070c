module apperr

go 1.25
