package r

var counter int

func Inc() { counter++ }
