module shardkv

go 1.25
