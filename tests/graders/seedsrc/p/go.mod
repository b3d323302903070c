module p

go 1.25
