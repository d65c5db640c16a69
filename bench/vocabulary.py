"""The words of the generated conferences of the benchmarks (BenchConf is no real conference)."""

WORDS = ["Efficient", "Scalable", "{GPU}", "Sparse", "Federated", "Learning", "Inference", "Compilers", "Kernels",
         "Scheduling", "Memory", "Quantization", "Distributed", "Training", "Systems", "{LLM}", "Serving", "Graphs",
         "Accelerators", "Caching", "Pipelines", "{TPU}", "Optimization", "Data", "Streaming", "Edge", "Robust"]
TOPICS = ["Compilers", "Hardware", "Distributed systems", "Federated learning", "Inference", "Data management",
          "Security", "Benchmarks", "Sparsity", "Quantization"]
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


