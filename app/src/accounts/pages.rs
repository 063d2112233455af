//! Sign-up, sign-in and account pages.

use super::{
    api::{
        check_email_confirmation, check_email_undo, check_password_reset, email_status,
        mail_preferences, unsubscribe_state, CancelEmailChange, ChangePassword, ConfirmEmail,
        RequestPasswordReset, ResendConfirmation, ResetPassword, SignIn, SignUp, UndoEmailChange,
        Unsubscribe, UpdateMailPreferences, UpdateProfile,
    },
    domain::{DisplayName, Email, Password},
    views::{CurrentUser, EmailStatusView, MailSettingsView},
};
use crate::calendar::pages::{personal_feed_resource, PersonalFeed};
use crate::{
    components::{refresh_user_after, status_encode, RequireUser},
    forms::{use_form, Field, Form, FormMessage, Submit},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn next_param() -> String {
    use_query_map().with_untracked(|q| q.get("next").unwrap_or_default())
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let form = use_form(action);
    let next = next_param();
    // An invitation link sends people here with the invited address filled in.
    let email = use_query_map().with_untracked(|q| q.get("email").unwrap_or_default());
    // ... and the invitation's token, which proves the address.
    let invitation = use_query_map().with_untracked(|q| q.get("invitation").unwrap_or_default());
    let login = if next.is_empty() {
        "/login".to_owned()
    } else {
        format!("/login?next={}", status_encode(&next))
    };
    view! {
        <Title text="Sign up" />
        <section class="container narrow card">
            <h1>"Create your account"</h1>
            <p class="lede">"Organize groups, run events and keep track of the ones you attend."</p>
            <Form action=action label="Sign up">
                <input type="hidden" name="next" value=next />
                <input type="hidden" name="invitation" value=invitation />
                <FormMessage form=form fields=&["display_name", "email", "password"] />
                <Field form=form name="display_name" label="Display name" autocomplete="name" required=true maxlength=DisplayName::MAX_LEN hint="Shown to other people, up to 80 characters." />
                <Field form=form name="email" label="Email" kind="email" value=email autocomplete="email" required=true maxlength=Email::MAX_LEN />
                <Field form=form name="password" label="Password" kind="password" autocomplete="new-password" required=true maxlength=Password::MAX_LEN hint="At least 10 characters." />
                <Submit form=form label="Sign up" busy="Creating your account…" class="button button-primary" />
            </Form>
            <p class="aside">"Already have an account? " <a href=login>"Sign in"</a></p>
        </section>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let form = use_form(action);
    let next = next_param();
    let sign_up = if next.is_empty() {
        "/signup".to_owned()
    } else {
        format!("/signup?next={}", status_encode(&next))
    };
    view! {
        <Title text="Sign in" />
        <section class="container narrow card">
            <h1>"Sign in"</h1>
            <Form action=action label="Sign in">
                <input type="hidden" name="next" value=next />
                <FormMessage form=form fields=&["email", "password"] />
                <Field form=form name="email" label="Email" kind="email" autocomplete="username" required=true />
                <Field form=form name="password" label="Password" kind="password" autocomplete="current-password" required=true />
                <Submit form=form label="Sign in" busy="Signing in…" class="button button-primary" />
            </Form>
            <p class="aside">
                <a href="/forgot-password">"Forgot your password?"</a>
                " · New here? " <a href=sign_up>"Create an account"</a>
            </p>
        </section>
    }
}

/// "Forgot your password?": asks for the address and mails a link.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let form = use_form(action);
    let query = use_query_map();
    // Reactive: with JavaScript the answer comes as a navigation to `?sent=1` on this page.
    let sent = Memo::new(move |_| query.with(|q| q.get("sent").is_some()));
    view! {
        <Title text="Forgot your password?" />
        <section class="container narrow card">
            <h1>"Forgot your password?"</h1>
            <Show when=move || sent.get()>
                <p class="notice" role="status">"If an account uses that address, we sent it a link to choose a new password. The link works once, for one hour. Check your spam folder if nothing arrives in a few minutes."</p>
            </Show>
            <p>"Type the email address of your account. We'll mail you a link to choose a new password."</p>
            <Form action=action label="Forgot your password">
                <FormMessage form=form fields=&["email"] />
                <Field form=form name="email" label="Email" kind="email" autocomplete="username" required=true />
                <Submit form=form label="Mail me a link" busy="Sending…" class="button button-primary" />
            </Form>
            <p class="aside"><a href="/login">"Back to sign in"</a></p>
        </section>
    }
}

/// The page a reset link opens: a new password, or a clear word that the link is gone.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = Memo::new(move |_| query.with(|q| q.get("token").unwrap_or_default()));
    let live = Resource::new(move || token.get(), check_password_reset);
    view! {
        <Title text="Choose a new password" />
        <section class="container narrow card">
            <h1>"Choose a new password"</h1>
            <Suspense fallback=|| view! { <p>"Checking the link…"</p> }>
                {move || Suspend::new(async move {
                    match live.await {
                        Ok(true) => view! { <ResetForm token=token.get_untracked() /> }.into_any(),
                        _ => {
                            crate::components::set_page_status(410);
                            view! {
                                <p class="notice error" role="alert">"This link has expired or was already used. Links work once, for one hour."</p>
                                <p><a class="button" href="/forgot-password">"Ask for a new link"</a></p>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ResetForm(token: String) -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let form = use_form(action);
    view! {
        <p>"You'll be signed in here, and signed out on every other device."</p>
        <Form action=action label="New password">
            <input type="hidden" name="token" value=token />
            <FormMessage form=form fields=&["password"] />
            <Field form=form name="password" label="New password (10 characters or more)" kind="password" autocomplete="new-password" required=true />
            <Submit form=form label="Save and sign in" busy="Saving…" class="button button-primary" />
        </Form>
        <p class="aside"><a href="/forgot-password">"Ask for a new link"</a></p>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let feed = personal_feed_resource();
    let changes = crate::forms::page_changes();
    let mail = Resource::new(move || changes.get(), |_| mail_preferences());
    let address = Resource::new(move || changes.get(), |_| email_status());
    let speaker = Resource::new(
        move || changes.get(),
        |_| crate::talks::api::speaker_profile(),
    );
    view! {
        <Title text="Your account" />
        <RequireUser children=move |user| view! { <AccountForms user=user feed=feed mail=mail address=address speaker=speaker /> } />
    }
}

/// The bio and links shown with your confirmed talks.
#[component]
fn SpeakerCard(profile: crate::talks::api::ProfileView) -> impl IntoView {
    let action = ServerAction::<crate::talks::api::SaveSpeakerProfile>::new();
    let form = use_form(action);
    let photo_error = use_query_map().with_untracked(|q| q.get("photo_error"));
    let refused = photo_error.is_some();
    let described = if refused {
        "field-photo-hint field-photo-error"
    } else {
        "field-photo-hint"
    };
    view! {
        <div class="card" id="speaker">
            <h2>"Speaker profile"</h2>
            {profile.photo_url.clone().map(|url| view! { <img class="speaker-photo" src=url alt="Your photo" width="96" height="96" /> })}
            <form method="post" action="/account/photo" enctype="multipart/form-data" aria-label="Speaker photo">
                <div class="field" class:invalid=refused>
                    <label for="field-photo">"Photo"</label>
                    <input type="file" id="field-photo" name="photo" accept="image/png,image/jpeg,image/webp" required aria-describedby=described aria-invalid=refused.then_some("true") />
                    <p class="hint" id="field-photo-hint">"PNG, JPEG or WebP, up to 2 MB. Shown with your confirmed talks."</p>
                    {photo_error.map(|m| view! { <p class="field-error" id="field-photo-error" role="alert">{m}</p> })}
                </div>
                <button type="submit" class="button">"Upload photo"</button>
            </form>
            <p class="hint">"Shown with your talks once you confirm one and the organizers publish their lineup."</p>
            <Form action=action label="Speaker profile">
                <FormMessage form=form fields=&["bio", "links"] />
                <crate::forms::TextArea form=form name="bio" label="Bio (Markdown, optional)" value=profile.bio rows=5 maxlength=5000 />
                <crate::forms::TextArea form=form name="links" label="Links (optional)" value=profile.links rows=3 hint="Up to five web addresses starting with https://, one per line." />
                <Submit form=form label="Save speaker profile" class="button" />
            </Form>
        </div>
    }
}

#[component]
fn AccountForms(
    user: CurrentUser,
    feed: Resource<Result<Option<crate::calendar::api::PersonalFeedState>, crate::error::AppError>>,
    mail: Resource<Result<Option<MailSettingsView>, crate::error::AppError>>,
    address: Resource<Result<Option<EmailStatusView>, crate::error::AppError>>,
    speaker: Resource<Result<Option<crate::talks::api::ProfileView>, crate::error::AppError>>,
) -> impl IntoView {
    let profile = ServerAction::<UpdateProfile>::new();
    let profile_form = use_form(profile);
    refresh_user_after(profile);
    let password = ServerAction::<ChangePassword>::new();
    let password_form = use_form(password);
    // Reactive: with JavaScript a save answers with a navigation to `?saved=…` on this page.
    let query = use_query_map();
    let saved = Memo::new(move |_| query.with(|q| q.get("saved")));
    view! {
        <section class="container narrow">
            <h1>"Your account"</h1>
            {move || saved.get().map(|what| view! {
                <p class="notice" role="status">
                    {match what.as_str() {
                        "password" => "Your password was changed. Other devices were signed out.",
                        "reset" => "Your new password is set, and you are signed in. Every other device was signed out.",
                        "mail" => "Your mail settings were saved.",
                        "speaker" => "Your speaker profile was saved.",
                        "photo" => "Your photo was saved.",
                        "confirmation_sent" => "We sent you a new link. It works for 7 days.",
                        "email_pending" => "Your profile was saved. We mailed a link to the new address: your account moves to it when you open the link. Until then, mails go to your current address.",
                        "email_kept" => "Your address stays as it is.",
                        _ => "Your profile was saved.",
                    }}
                </p>
            })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    address.await.ok().flatten().map(|status| view! { <ConfirmAddressCard status=status /> })
                })}
            </Suspense>
            <div class="card">
                <h2>"Profile"</h2>
                <Form action=profile label="Profile">
                    <FormMessage form=profile_form fields=&["display_name", "email", "current_password"] />
                    <Field form=profile_form name="display_name" label="Display name" value=user.display_name autocomplete="name" required=true maxlength=DisplayName::MAX_LEN />
                    <Field form=profile_form name="email" label="Email" kind="email" value=user.email autocomplete="email" required=true maxlength=Email::MAX_LEN hint="A new address is used once you open the link we mail to it." />
                    <Field form=profile_form name="current_password" prefix="profile" label="Your password, to change your email" kind="password" autocomplete="current-password" hint="Not needed to change your name." />
                    <Submit form=profile_form label="Save profile" class="button button-primary" />
                </Form>
            </div>
            <div class="card">
                <h2>"Password"</h2>
                <Form action=password label="Change password">
                    <FormMessage form=password_form fields=&["current_password", "new_password"] />
                    <Field form=password_form name="current_password" label="Current password" kind="password" autocomplete="current-password" required=true />
                    <Field form=password_form name="new_password" label="New password" kind="password" autocomplete="new-password" required=true maxlength=Password::MAX_LEN hint="At least 10 characters." />
                    <Submit form=password_form label="Change password" class="button" />
                </Form>
            </div>
            <PersonalFeed feed=feed back="/account" />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    speaker.await.ok().flatten().map(|profile| view! { <SpeakerCard profile=profile /> })
                })}
            </Suspense>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    mail.await.ok().flatten().map(|prefs| view! { <MailCard prefs=prefs /> })
                })}
            </Suspense>
        </section>
    }
}

/// Which bulk mails to get. Mails about your own RSVPs and account always come.
#[component]
fn MailCard(prefs: MailSettingsView) -> impl IntoView {
    let action = ServerAction::<UpdateMailPreferences>::new();
    let form = use_form(action);
    view! {
        <div class="card">
            <h2>"Mail"</h2>
            <p class="hint">"Mails about your own RSVPs, tickets and account always come."</p>
            <Form action=action label="Mail settings">
                <FormMessage form=form />
                <div class="field checkbox">
                    <input type="checkbox" id="field-reminders" name="reminders" value="on" checked=prefs.reminders />
                    <label for="field-reminders">"A reminder a day before events I'm going to"</label>
                </div>
                <div class="field checkbox">
                    <input type="checkbox" id="field-announcements" name="announcements" value="on" checked=prefs.announcements />
                    <label for="field-announcements">"Announcements from organizers of events I'm going to"</label>
                </div>
                <Submit form=form label="Save mail settings" class="button" />
            </Form>
        </div>
    }
}

/// Where an unsubscribe link in a mail leads: one button, no sign-in needed.
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let query = use_query_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    let announcements =
        Memo::new(move |_| query.with(|q| q.get("what").as_deref() == Some("announcements")));
    let done = Memo::new(move |_| query.with(|q| q.get("done").is_some()));
    let state = Resource::new(
        move || (token.get(), done.get()),
        |(token, _)| unsubscribe_state(token),
    );
    let action = ServerAction::<Unsubscribe>::new();
    let form = use_form(action);
    view! {
        <Title text="Mail settings" />
        <section class="container narrow card">
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let what = if announcements.get_untracked() { "announcements" } else { "reminders" };
                    let label = if what == "announcements" { "announcements from organizers" } else { "reminder mails before events" };
                    match state.await {
                        Err(error) => view! { <crate::components::ErrorPage error=error /> }.into_any(),
                        Ok(prefs) => {
                            let on = if what == "announcements" { prefs.announcements } else { prefs.reminders };
                            if on {
                                view! {
                                    <h1>"Stop these mails?"</h1>
                                    <p>{format!("You get {label}. One click turns them off; mails about your own RSVPs still come.")}</p>
                                    <Form action=action label="Unsubscribe">
                                        <input type="hidden" name="token" value=token.get_untracked() />
                                        <input type="hidden" name="what" value=what />
                                        <FormMessage form=form />
                                        <Submit form=form label=if what == "announcements" { "Turn off announcements" } else { "Turn off reminder mails" } busy="Saving…" class="button button-primary" />
                                    </Form>
                                }.into_any()
                            } else {
                                view! {
                                    <h1>"You're unsubscribed"</h1>
                                    <p class="notice" role="status">{format!("No more {label}. You can turn them back on in your account settings.")}</p>
                                    <p><a href="/account">"Account settings"</a></p>
                                }.into_any()
                            }
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Asks an unconfirmed account to confirm its address, or shows a move to a new address that
/// waits for its link, with "Send the link again" (and "Keep my current address").
#[component]
fn ConfirmAddressCard(status: EmailStatusView) -> impl IntoView {
    let action = ServerAction::<ResendConfirmation>::new();
    let form = use_form(action);
    let keep = ServerAction::<CancelEmailChange>::new();
    let keep_form = use_form(keep);
    match status.pending {
        Some(new) => Some(view! {
            <div class="card confirm-address">
                <h2>"Confirm your new address"</h2>
                <p>{format!("We sent a link to {new}. Your account moves to it when you open the link; until then it stays {}.", status.email)}</p>
                <div class="row-actions">
                    <Form action=action label="Send the link again">
                        <FormMessage form=form />
                        <Submit form=form label="Send the link again" busy="Sending…" class="button" />
                    </Form>
                    <Form action=keep label="Keep my current address">
                        <FormMessage form=keep_form />
                        <Submit form=keep_form label="Keep my current address" busy="Saving…" class="button" />
                    </Form>
                </div>
            </div>
        }.into_any()),
        None => (!status.confirmed).then(|| view! {
            <div class="card confirm-address">
                <h2>"Confirm your email address"</h2>
                <p>{format!("We sent a link to {}. Confirming it makes sure tickets and organizers' mails reach you.", status.email)}</p>
                <Form action=action label="Confirm your address">
                    <FormMessage form=form />
                    <Submit form=form label="Send the link again" busy="Sending…" class="button" />
                </Form>
            </div>
        }.into_any()),
    }
}

/// Where a confirmation link leads: one button (so a mail scanner that opens links does not
/// confirm anything), or a clear word that the link is gone.
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let query = use_query_map();
    let token = Memo::new(move |_| query.with(|q| q.get("token").unwrap_or_default()));
    let done = Memo::new(move |_| query.with(|q| q.get("done").is_some()));
    let address = Resource::new(
        move || (token.get(), done.get()),
        |(token, _)| check_email_confirmation(token),
    );
    let action = ServerAction::<ConfirmEmail>::new();
    let form = use_form(action);
    view! {
        <Title text="Confirm your email address" />
        <section class="container narrow card">
            <h1>"Confirm your email address"</h1>
            <Suspense fallback=|| view! { <p>"Checking the link…"</p> }>
                {move || Suspend::new(async move {
                    if done.get_untracked() {
                        return view! {
                            <p class="notice" role="status">"Thank you: your address is confirmed. Mails from Hallway go to it from now on."</p>
                            <p><a href="/">"Go to Hallway"</a></p>
                        }.into_any();
                    }
                    match address.await {
                        Ok(Some(email)) => view! {
                            <p>{format!("Confirm that {email} is your address?")}</p>
                            <Form action=action label="Confirm your address">
                                <input type="hidden" name="token" value=token.get_untracked() />
                                <FormMessage form=form />
                                <Submit form=form label="Confirm my address" busy="Confirming…" class="button button-primary" />
                            </Form>
                        }.into_any(),
                        _ => {
                            crate::components::set_page_status(410);
                            view! {
                                <p class="notice error" role="alert">"This link has expired or was already used."</p>
                                <p>"Sign in and ask for a new link on your account page."</p>
                                <p><a class="button" href="/account">"Your account"</a></p>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Where the link mailed to an old address after a move leads: one button moves the account
/// back and signs every device out.
#[component]
pub fn UndoEmailChangePage() -> impl IntoView {
    let query = use_query_map();
    let token = Memo::new(move |_| query.with(|q| q.get("token").unwrap_or_default()));
    let done = Memo::new(move |_| query.with(|q| q.get("done").is_some()));
    let address = Resource::new(
        move || (token.get(), done.get()),
        |(token, _)| check_email_undo(token),
    );
    let action = ServerAction::<UndoEmailChange>::new();
    let form = use_form(action);
    view! {
        <Title text="Move your account back" />
        <section class="container narrow card">
            <h1>"Move your account back"</h1>
            <Suspense fallback=|| view! { <p>"Checking the link…"</p> }>
                {move || Suspend::new(async move {
                    if done.get_untracked() {
                        return view! {
                            <p class="notice" role="status">"Your account uses its old address again, and every device was signed out."</p>
                            <p>"Choose a new password now, so whoever moved it cannot sign in again."</p>
                            <p><a class="button button-primary" href="/forgot-password">"Choose a new password"</a></p>
                        }.into_any();
                    }
                    match address.await {
                        Ok(Some(email)) => view! {
                            <p>{format!("Move your Hallway account back to {email}? Every device signed in to it is signed out.")}</p>
                            <Form action=action label="Move your account back">
                                <input type="hidden" name="token" value=token.get_untracked() />
                                <FormMessage form=form />
                                <Submit form=form label="Move my account back" busy="Moving…" class="button button-primary" />
                            </Form>
                        }.into_any(),
                        _ => {
                            crate::components::set_page_status(410);
                            view! {
                                <p class="notice error" role="alert">"This link has expired or was already used."</p>
                                <p><a class="button" href="/forgot-password">"Choose a new password"</a></p>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}
