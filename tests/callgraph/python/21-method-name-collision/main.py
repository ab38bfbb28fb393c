from workers import run

if __name__ == "__main__":
    print(run([{"address": "a@b.c", "text": "hi"}, {"phone": "+100", "text": "yo"}]))
