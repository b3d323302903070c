module rpcbudget

go 1.25
