module pubsub

go 1.25
