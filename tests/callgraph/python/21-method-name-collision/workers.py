class EmailWorker:
    def parse(self, raw):
        return {"to": raw["address"], "body": raw["text"]}

    def send(self, message):
        return f"mail to {message['to']}"

    def run(self, job):
        return self.send(self.parse(job))


class SmsWorker:
    def parse(self, raw):
        return {"to": raw["phone"], "body": raw["text"][:160]}

    def send(self, message):
        return f"sms to {message['to']}"

    def run(self, job):
        message = self.parse(job)
        return self.send(message)


def pick(job):
    if "phone" in job:
        return SmsWorker()
    return EmailWorker()


def run(jobs):
    results = []
    for job in jobs:
        worker = pick(job)
        results.append(worker.run(job))
    return results
