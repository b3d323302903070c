module gauntlet.invalid/hostile

go 1.22
