<?php

require_once 'src/Status.php';

use App\Status;

$status = Status::fromLabel('Published');
echo $status->label(), ' ', var_export($status->isVisible(), true), "\n";
foreach (Status::visible() as $visible) {
    echo $visible->label(), "\n";
}
echo Status::Draft->label(), "\n";
echo Status::tryFrom('gone') === null ? 'unknown' : 'known', "\n";
