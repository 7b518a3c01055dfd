//! Every UI message: its catalogue key and its English text, which is the default. The shipped
//! catalogues (`i18n/{locale}.json`) translate these keys; `i18n/en.json` is generated from this
//! table by `cargo test -p rubric-core --test catalogues` (`UPDATE_CATALOGUES=1` rewrites it)
//! and every other catalogue must have exactly these keys with the same arguments.
//!
//! Messages use the ICU syntax of [`crate::text::i18n`]: `{name}` arguments, `plural` and `select`.
#![allow(non_upper_case_globals)]

use crate::text::i18n::Msg;

macro_rules! messages {
    ($($name:ident = $en:literal;)*) => {
        $(pub const $name: Msg = Msg { key: stringify!($name), en: $en };)*
        /// Every message, in table order (for the catalogue checks; unused by the widget, so
        /// the linker drops it).
        pub const ALL: &[Msg] = &[$($name),*];
    };
}

messages! {
    // What a criterion still needs (shown under the field and in the error summary).
    need_level = "choose a level";
    need_option = "choose an option";
    need_options = "{n, plural, one {choose at least # option} other {choose at least # options}}";
    need_preference = "choose a preference";
    need_ranking = "rank the responses";
    need_characters = "{n, plural, one {write at least # character} other {write at least # characters}}";
    need_text = "write an answer";
    need_every_item = "answer every item";
    need_required = "required: {hint}";
    need_required_because = "required because {why}: {hint}";
    too_few_chosen = "choose at least {min} ({n} chosen)";
    too_many_chosen = "choose at most {max} ({n} chosen)";
    too_short = "write at least {min} characters ({n} so far)";
    too_long = "keep it to {max} characters ({n} now)";
    rank_every = "rank every response";
    rank_top = "rank the top {n}";
    no_ties = "ties are not allowed here";
    items_left = "answer every item ({n} left)";
    // Conditions, as the reason a criterion is required.
    cond_and = "{a} and {b}";
    cond_or = "{a} or {b}";
    cond_not = "not ({c})";
    cond_answered = "\"{name}\" is answered";
    cond_not_answered = "\"{name}\" is not answered";
    cond_is = "\"{name}\" is {v}";
    cond_is_not = "\"{name}\" is not {v}";
    cond_one_of = "\"{name}\" is one of {v}";
    cond_includes = "\"{name}\" includes \"{v}\"";
    cond_below = "\"{name}\" is below {v}";
    cond_at_most = "\"{name}\" is at most {v}";
    cond_above = "\"{name}\" is above {v}";
    cond_at_least = "\"{name}\" is at least {v}";
    cond_name = "\"{name}\"";
    // The review form.
    loading_review = "Loading the rubric and task…";
    submit_review = "Submit review";
    next_task = "Next task";
    queue_place = "{total, plural, =0 {Task {n}} one {Task {n} of {total}} other {Task {n} of {total}}}";
    skip_task = "Can't assess this task";
    skip_title = "Why can't you assess it?";
    skip_note = "Anything the team should know (optional)";
    skip_confirm = "Skip this task";
    skip_need_reason = "Choose a reason.";
    skip_need_note = "Say why in the note: “another reason” alone tells the team nothing.";
    skipped_task = "Skipped: {reason}";
    skip_expertise = "It needs expertise I don't have";
    skip_unreadable = "The task is broken, empty or unreadable";
    skip_language = "It is in a language I can't judge well";
    skip_other = "Another reason";
    no_more_tasks = "No more tasks: that was the last one.";
    required_sr = " (required)";
    both_bad = "Both responses are bad";
    response_letter = "Response {letter}";
    progress_label = "Questions answered";
    progress = "{answered} of {shown} answered · {missing, plural, =0 {ready to submit} one {# still needs attention} other {# still need attention}}";
    summary_title = "{n, plural, one {# question needs attention before you can submit} other {# questions need attention before you can submit}}";
    summary_entry = "{title}: {message}";
    rank_hint = "Best first.";
    rank_hint_top = "Best first. Only the top {n} count.";
    rank_tied = "Tied with the one above";
    rank_recorded = "Ranking recorded.";
    rank_not_yet = "Not ranked yet: move the responses, or";
    rank_keep_order = "keep this order";
    rank_move_up = "Move {response} up";
    rank_move_down = "Move {response} down";
    count = "{n, plural, one {# character} other {# characters}}";
    count_of_max = "{n} / {max} characters";
    count_at_least = "{n, plural, one {# character} other {# characters}} (at least {min})";
    check_yes = "Yes";
    check_no = "No";
    check_na = "N/A";
    report_chosen = "chosen";
    report_not_chosen = "not chosen";
    task_label = "Item under review: {prompt}";
    prompt = "Prompt";
    context = "Context";
    response = "Response";
    responses = "Responses";
    side_by_side = "Side by side";
    link_removed = "link removed: not an allowed address";
    image_blocked = "[image not shown]";
    image_blocked_alt = "[image not shown: {alt}]";
    hotkey_title = "keyboard shortcut";
    hotkeys_toggle = "Use single-key shortcuts";
    keys_title = "Keyboard shortcuts";
    keys_pick = "Pick the level or option that shows this key";
    keys_submit = "Submit the review";
    keys_next = "Open the next task, once submitted";
    keys_move = "Move to the next or previous control";
    keys_arrows = "Move between the levels or options of a question";
    keys_help = "Show these shortcuts";
    close = "Close";
    example = "Example:";
    draft_restored = "Your draft from {when} was restored.";
    start_over = "Start over";
    storage_blocked = "This browser is not letting the page save anything, so your answers cannot be kept as a draft. Closing or reloading this page will lose them.";
    draft_not_saved = "Your latest changes could not be saved as a draft: {error}";
    handed_to_page = "Review complete and handed to the page, which delivers it.";
    tension_title = "{a} and {b} can pull against each other";
    // The configuration error view (the problems themselves are for the page's developers and
    // stay in English, with their paths and lines).
    config_error_title = "{n, plural, one {This form cannot be shown: # problem to fix} other {This form cannot be shown: # problems to fix}}";
    config_error_in = "In the {what}";
    line_column = "line {line}, column {column}";
    // Delivery.
    keep_page_open = "This browser did not let the page save it on this device: keep this page open until it is delivered.";
    outbox_title = "Submissions from this device";
    outbox_quiz_result = "Quiz result";
    status_delivered = "{what, select, result {Submitted: the server has your quiz result.} skip {Submitted: the server has recorded that you skipped this task.} other {Submitted: the server has your review.}}";
    status_sending = "Saved on this device. Sending it to the server…";
    status_queued = "Saved on this device, waiting to be sent.";
    status_retrying = "Saved on this device, not delivered yet ({error}). It will be sent again automatically.";
    status_other_tab = "Another open tab of this page is sending it.";
    status_needs_auth = "{what, select, result {Your sign-in has expired or was not accepted. Your quiz result is kept on this device: sign in again (in this page or another tab), then press “Try again now”.} skip {Your sign-in has expired or was not accepted. Your skip is kept on this device: sign in again (in this page or another tab), then press “Try again now”.} other {Your sign-in has expired or was not accepted. Your review is kept on this device: sign in again (in this page or another tab), then press “Try again now”.}}";
    status_refused = "{what, select, result {The server refused this quiz result: {message}} skip {The server refused this skip: {message}} other {The server refused this review: {message}}}";
    net_offline = "no connection to the server";
    net_timeout = "the server did not answer in time";
    refused_kept = "Your answers are kept on this device. Save them so they can be sent another way:";
    download_json = "Download as JSON";
    copy_json = "Copy as JSON";
    remove_from_device = "Remove from this device";
    remove_sure = "This deletes your answers from this device. Download them first if you may need them.";
    remove_for_good = "Remove for good";
    remove_keep = "Keep them";
    copied = "Copied.";
    try_again_now = "Try again now";
    // Why an agreement figure is undefined.
    undef_not_finite = "not a finite number";
    undef_no_pairs = "no items rated by both";
    undef_one_category_both = "chance agreement is 1: both raters used one category only";
    undef_few_categories = "fewer than 2 categories";
    undef_chance_one = "chance agreement is 1";
    undef_no_subjects = "no subjects";
    undef_few_ratings = "fewer than 2 ratings per subject";
    undef_uneven_ratings = "subjects have different numbers of ratings";
    undef_one_category = "chance agreement is 1: every rating in one category";
    undef_few_values = "fewer than 2 pairable values";
    undef_no_disagreement = "no expected disagreement: every value is the same";
    undef_few_ranked = "fewer than 2 items ranked";
    undef_all_tied = "one ranking ties every item";
    undef_no_ranked_pairs = "no item ranked by both";
    undef_not_rankings = "not rankings";
    // Landis & Koch's words for kappa-like values.
    band_poor = "poor";
    band_slight = "slight";
    band_fair = "fair";
    band_moderate = "moderate";
    band_substantial = "substantial";
    band_almost_perfect = "almost perfect";
    // Quiz answers and figures.
    answer_none = "none";
    answer_both_bad = "both are bad";
    answer_pair = "{verdict} (A: {a}, B: {b})";
    figure_ci = "{value} [{lo}, {hi}]";
    figure_band = "{figure} ({band})";
    figure_undefined = "undefined: {why}";
    explain_nothing = "No item has both your answer and the expert's, so nothing is computed.";
    explain_observed = "Observed agreement pₒ = matching answers / items = {agree} / {n} = {po}";
    explain_chance = "Chance agreement pₑ = Σ (your count × expert's count per category) / n² = ({products}) / {n}² = {sum} / {nn} = {pe}";
    explain_kappa = "Cohen's κ = (pₒ − pₑ) / (1 − pₑ) = ({po} − {pe}) / (1 − {pe}) = {kappa}";
    explain_kappa_undefined = "Cohen's κ = (pₒ − pₑ) / (1 − pₑ) is {figure}";
    explain_interval = "95% interval: κ ± 1.96 × SE, cut to the possible range −1 to 1, with the large-sample SE of Fleiss, Cohen & Everitt (1969), {se}: {figure}";
    explain_weighted = "Weighted κ counts near misses partly: weight 1 − |i − j| / (k − 1) (linear) or 1 − ((i − j) / (k − 1))² (quadratic), k = {k}. Linear: pₒ = {po}, pₑ = {pe}, κ = {figure}";
    explain_ac1 = "Gwet's AC1 uses pₑ = Σ πₖ(1 − πₖ) / (k − 1), πₖ = (your count + expert's count) / 2n: pₑ = {pe}, AC1 = ({po} − {pe}) / (1 − {pe}) = {figure}";
    // The quiz.
    loading_quiz = "Loading the quiz…";
    quiz_check = "Check my answers";
    quiz_next = "Next item";
    quiz_see_results = "See my results";
    quiz_item_of = "Item {n} of {total}";
    quiz_item_feedback = "Item {n} of {total}: your answers and the experts'";
    quiz_results_title = "Your results, attempt {n}";
    quiz_resumed = "Your attempt in progress was restored: {done} of {total} items done.";
    no_answer = "(no answer)";
    your_answer = "Your answer";
    experts_answer = "The experts' answer";
    feedback_label = "Your answers and the experts'";
    feedback_compare = "Compare";
    feedback_no_gold = "Not scored: the experts gave no answer";
    feedback_same = "✓ Same as the experts";
    feedback_differs = "✗ Differs from the experts";
    feedback_near = "≈ Close: one level from the experts' answer";
    metric_percent = "percent agreement";
    metric_kappa = "Cohen's κ";
    metric_kappa_linear = "linear weighted κ";
    metric_kappa_quadratic = "quadratic weighted κ";
    metric_ac1 = "Gwet's AC1";
    quiz_verdict = "{passed, select, yes {Passed: this attempt reached} other {Not passed yet: this attempt needs}} {metric} of at least {threshold} {scope, select, each {on every scored criterion} other {on average over the criteria}}.";
    quiz_not_in_quiz = "not in this quiz: no item has an expert answer for it";
    quiz_not_scored = "not scored: compare below";
    quiz_mean_tau = "mean Kendall τ {figure}";
    quiz_how_computed = "How these figures were computed";
    quiz_item_title = "Item {n} (“{prompt}”), {criterion}";
    quiz_you_experts = "You: {mine}. The experts: {gold}.";
    change_up = "up {by}";
    change_down = "down {by}";
    change_none = "no change";
    quiz_table_caption = "Agreement with the experts, per criterion (95% confidence interval in brackets where one is defined)";
    col_criterion = "Criterion";
    col_items = "Items";
    col_agreement = "Agreement";
    col_kappa_linear = "Linear weighted κ";
    col_kappa_quadratic = "Quadratic weighted κ";
    quiz_note = "κ and AC1 correct for agreement by chance: 0 is chance level, 1 is perfect. Words from Landis & Koch (1977). Weighted κ counts near misses on ordered scales as partial agreement; AC1 stays meaningful when one answer dominates.";
    quiz_matched = "{matched} of {total} answers matched the experts'.";
    quiz_leaning = "On “{criterion}” you rate {dir, select, higher {higher} other {lower}} than the experts, by about {n, plural, one {# level} other {# levels}}.";
    quiz_per_criterion = "Per criterion";
    quiz_differences = "Where you differed from the experts";
    quiz_no_differences = "Nowhere: every scored answer matched the experts'.";
    quiz_written = "Your written answers beside the experts'";
    col_item = "Item";
    col_you = "You";
    col_experts = "The experts";
    quiz_history = "Your attempts on this device";
    col_attempt = "Attempt";
    col_finished = "Finished";
    col_mean = "Mean agreement";
    col_change = "Change";
    col_passed = "Passed";
    quiz_retry = "Try again, in a new order";
    matrix_caption = "{criterion}: your answers against the experts'";
    matrix_alt = "{caption}: heatmap of the table below; your answers are rows, the experts' are columns; the diagonal is agreement";
    matrix_show_table = "Show as a table";
    matrix_axis_you = "You";
    matrix_axis_experts = "Experts";
    matrix_legend = "Each cell counts items: your answer in its row, the experts' in its column. The darker the cell, the more items; the outlined diagonal is where you agree.";
    matrix_table_caption = "Rows: your answer. Columns: the experts' answer.";
    // The designer (the problems themselves stay in English, see above).
    d_error = "error";
    d_warning = "warning";
    d_line_column = "Line {line}, column {column}";
    d_counts = "{errors, plural, =0 {{warnings, plural, =0 {No problems found.} one {0 errors, # warning} other {0 errors, # warnings}}} one {# error, {warnings, plural, one {# warning} other {# warnings}}} other {# errors, {warnings, plural, one {# warning} other {# warnings}}}}";
    d_empty = "Write or choose a rubric to see the form.";
    d_quiz_needs_quiz = "Quiz mode previews a quiz document (a rubric with items and gold answers): choose the calibration quiz template, or write one.";
    d_sample_misfit = "The sample task does not fit this rubric (or is not valid): edit it under “Sample task”.";
    d_file_toolbar = "Rubric file";
    d_start_from = "Start from";
    d_a_template = "a template…";
    d_blank = "Blank rubric";
    d_open_file = "Open file…";
    d_download = "Download";
    d_share = "Copy share link";
    d_link_copied = "Link copied. It carries the rubric itself (after the #), which is never sent to a server:";
    d_share_link = "Share link";
    d_link_too_long = "Too long for a link: this rubric would make a link of {length} characters, and links over {limit} characters get cut off by chat tools and browsers. Use Download and send the file instead.";
    d_editor = "Rubric JSON";
    d_problems = "Problems";
    d_preview = "Preview";
    d_mode = "Mode";
    d_mode_review = "Review";
    d_mode_quiz = "Quiz";
    d_width = "Width";
    d_wide = "Wide";
    d_phone = "Phone (320 px)";
    d_stale = "Out of date: this preview shows the last valid version. Fix the errors to update it.";
    d_sample = "Sample task";
    d_sample_editor = "Sample task JSON";
    d_output = "What the answers produce";
    d_output_empty = "Answer the preview to see its JSON.";
    d_restore_question = "Restore your unsaved rubric?";
    d_restore_detail = "Your edits from {when} were kept on this device. They differ from the rubric this page opened with.";
    d_restore = "Restore";
    d_discard = "Discard";
    d_replace_question = "Replace your edited rubric with “{name}”?";
    d_replace_detail = "Your edits will be lost. To keep a copy, choose Keep editing and then Download.";
    d_replace = "Replace";
    d_keep_editing = "Keep editing";
    d_not_kept = "Your edits could not be kept on this device ({error}). Download the rubric before you leave this page, or they will be lost.";
    d_insert = "Insert criterion";
    d_a_type = "of type…";
    d_insert_syntax = "Fix the JSON first (see Problems): a new criterion can be put in the criteria list once the text reads as JSON.";
    d_insert_no_criteria = "This document has no criteria list to put a criterion in.";
    d_wrap = "Wrap lines";
    d_editor_keys = "Tab indents; Escape then Tab leaves the editor. Ctrl+Space suggests what may go at the caret.";
    d_suggestions_label = "Suggestions";
    d_suggestions = "{n, plural, one {# suggestion} other {# suggestions}}: Up and Down to choose, Enter to insert, Escape to close.";
    d_required_field = "required";
}
