<?php

namespace App;

use App\Contracts\Notifier;

class AlertService
{
    public function __construct(private Notifier $notifier)
    {
    }

    public function alert(string $to): bool
    {
        return $this->notifier->send($to, 'disk almost full');
    }
}
