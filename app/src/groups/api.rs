//! Group server functions: parse, call the service, redirect.

pub use super::views::*;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{
        domain::{City, Description, GroupName, Slug, Website},
        service::{self, GroupDetails},
    },
    crate::{
        accounts::api::auth,
        state::app_state,
        web::{origin, redirect},
    },
};

#[cfg(feature = "ssr")]
fn details(
    name: &str,
    description: &str,
    website: &str,
    city: &str,
    time_zone: &str,
    colour: &str,
) -> Result<GroupDetails, AppError> {
    let zone = if time_zone.trim().is_empty() {
        "UTC"
    } else {
        time_zone
    };
    let mut checks = crate::error::FieldChecks::default();
    let name = checks.check(GroupName::parse("name", name));
    let description = checks.check(Description::parse("description", description));
    let website = checks.check(Website::parse("website", website));
    let city = checks.check(City::parse("city", city));
    let time_zone = checks.check(crate::events::time::parse_zone("time_zone", zone));
    let colour = checks.check(crate::colour::Colour::parse("colour", colour));
    checks.finish()?;
    match (name, description, website, city, time_zone, colour) {
        (
            Some(name),
            Some(description),
            Some(website),
            Some(city),
            Some(time_zone),
            Some(colour),
        ) => Ok(GroupDetails {
            name,
            description,
            website,
            city,
            time_zone,
            colour: colour.map(|c| c.hex()),
        }),
        _ => Err(AppError::BadRequest),
    }
}

/// Groups for the home page, 50 a page.
#[server(endpoint = "list_groups")]
pub async fn list_groups(page: u32) -> Result<Vec<GroupSummary>, AppError> {
    service::list_groups(&app_state()?.db, page, 50).await
}

/// One group's page.
#[server(endpoint = "get_group")]
pub async fn get_group(slug: String) -> Result<GroupView, AppError> {
    let viewer = auth::current().await?.map(|(user, _)| user);
    let mut view = service::group_view(&app_state()?.db, &slug, viewer.as_ref()).await?;
    view.feed_url = format!("{}/g/{}/calendar.ics", origin()?, view.slug);
    Ok(view)
}

/// Creates a group owned by the signed-in person.
#[server(endpoint = "create_group")]
pub async fn create_group(
    name: String,
    slug: String,
    description: String,
    website: String,
    city: String,
    #[server(default)] time_zone: String,
    #[server(default)] colour: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    // Left empty (or before JavaScript filled it in): the address suggested from the name.
    let slug = if slug.trim().is_empty() {
        Slug::suggest(&name)
    } else {
        slug
    };
    let (slug, details) = match (
        Slug::parse("slug", &slug),
        details(&name, &description, &website, &city, &time_zone, &colour),
    ) {
        (Ok(slug), Ok(details)) => (slug, details),
        (slug, details) => {
            return Err(AppError::merge(
                [slug.err(), details.err()].into_iter().flatten().collect(),
            )
            .unwrap_or(AppError::BadRequest))
        }
    };
    let path = format!("/g/{}", slug.as_str());
    service::create_group(&app_state()?.db, &user, slug, details).await?;
    redirect(&path);
    Ok(())
}

/// Whether a group web address can be taken, said as a sentence for the form ("/g/x is free").
#[server(endpoint = "group_slug_status")]
pub async fn group_slug_status(slug: String) -> Result<String, AppError> {
    auth::require().await?;
    let slug = match Slug::parse("slug", &slug) {
        Ok(slug) => slug,
        Err(error) => return Ok(error.field_message("slug").unwrap_or_default()),
    };
    Ok(if service::slug_taken(&app_state()?.db, &slug).await? {
        format!("/g/{} is taken: try another.", slug.as_str())
    } else {
        format!("/g/{} is free.", slug.as_str())
    })
}

/// Edits a group's details.
#[server(endpoint = "update_group")]
pub async fn update_group(
    group: String,
    name: String,
    description: String,
    website: String,
    city: String,
    #[server(default)] time_zone: String,
    #[server(default)] colour: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let details = details(&name, &description, &website, &city, &time_zone, &colour)?;
    service::update_group(&app_state()?.db, &user, &group, details).await?;
    redirect(&format!("/g/{group}/settings?saved=details"));
    Ok(())
}

/// Removes a co-organizer (or yourself).
#[server(endpoint = "remove_organizer")]
pub async fn remove_organizer(group: String, account_id: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    service::remove_organizer(&app_state()?.db, &user, &group, account_id).await?;
    redirect(&if account_id == user.account_id {
        format!("/g/{group}")
    } else {
        format!("/g/{group}/settings?saved=organizers")
    });
    Ok(())
}

/// Hands the group to a co-organizer.
#[server(endpoint = "transfer_ownership")]
pub async fn transfer_ownership(group: String, account_id: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    service::transfer_ownership(&app_state()?.db, &user, &group, account_id).await?;
    redirect(&format!("/g/{group}/settings?saved=owner"));
    Ok(())
}

/// Deletes the group after its web address was typed to confirm.
#[server(endpoint = "delete_group")]
pub async fn delete_group(group: String, confirm: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    service::delete_group(&app_state()?.db, &user, &group, &confirm).await?;
    redirect("/?deleted=1");
    Ok(())
}
