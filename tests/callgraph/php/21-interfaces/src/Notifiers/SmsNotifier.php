<?php

namespace App\Notifiers;

use App\Contracts\Notifier;

class SmsNotifier implements Notifier
{
    public function send(string $to, string $message): bool
    {
        return strlen($message) <= 160 && str_starts_with($to, '+');
    }
}
