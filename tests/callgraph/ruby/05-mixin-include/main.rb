require_relative "lib/sync_job"

job = SyncJob.new("users")
job.run()
job.log("done")
