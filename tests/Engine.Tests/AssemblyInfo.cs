// Training tests compare weights bit for bit, and dropout draws from libtorch's one global CPU generator: tests running
// in parallel in this process would take numbers from each other's stream. Run this assembly's tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
