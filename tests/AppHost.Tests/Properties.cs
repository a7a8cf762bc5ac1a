// The end-to-end environment and the manifest publisher each keep both cores busy: run the classes one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
