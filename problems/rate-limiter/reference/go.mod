module ratelimit

go 1.25
